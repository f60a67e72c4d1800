	mov $0x80e5e77,%ecx
	movl $0x804a09a,0x8(%ebx)
	cmp %esi,0x4(%edx)
	jne .Lout
	mov 0x0(%ebp),%eax
	add %edi,%eax
	mov %eax,0x0(%ebp)
	movl $0x0,0x8(%ebx)
.Lout:
