	movl $0x8127640,0x8(%ebx)
	cmp %ebp,0x4(%ebx)
	jne .Lout
	mov %esi,%edx
	mov (%edx),%eax
	cmp (%ecx),%eax
	je .Lout
	mov %edi,%edx
	mov %eax,(%edx)
	add $0x0,%eax
	mov (%eax),%eax
	mov %esi,%edx
	mov %eax,(%edx)
	movl $0x0,0x8(%ebx)
.Lout:
