	mov $0x80e5eb5,%ecx
	movl $0x804a19e,0x8(%ebp)
	cmp %ebx,0x4(%edi)
	jne .Lout
	mov (%esp),%edx
	mov (%edx),%eax
	cmp (%esi),%eax
	je .Lout
	mov 0x4(%esp),%edx
	mov %eax,(%edx)
	add $0x0,%eax
	mov (%eax),%eax
	mov (%esp),%edx
	mov %eax,(%edx)
	movl $0x0,0x8(%ebp)
.Lout:
